/*
 * net.h - the network phase: choose the boot NIC, get a lease (or apply
 * ip=), configure the interface and write the files other scripts read.
 */
#ifndef NETBOOT_NET_H
#define NETBOOT_NET_H

#include <stddef.h>
#include <stdint.h>

#include "cmdline.h"
#include "lease.h"

/* Where the network phase writes.  In the initrd: /run/net-DEV.conf,
 * /etc/resolv.conf, /run/netboot/net.state.  With --rundir DIR (tests, a
 * host): all three inside DIR. */
struct net_paths {
	char confdir[512]; /* net-DEV.conf goes here */
	char resolv[600];
	char state[600];
};

void net_paths_init(struct net_paths *p, const char *rundir);

/* The chosen NIC and its lease. */
struct net_result {
	char dev[16];
	uint8_t mac[6];
	struct lease lease;
};

/* Run the phase.  Returns an exit code (0, 100, 111). */
int net_run(const struct cmdline *c, const struct net_paths *p, struct net_result *res);

/* apply.c */
int net_apply(const struct net_paths *p, const char *dev, const uint8_t mac[6],
	      const char *reason, const struct lease *l, unsigned long uptime_s);

int phase_net_main(int argc, char **argv);

#endif
