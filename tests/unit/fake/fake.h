/*
 * fake.h - fakes of src/sys/ for the phase seam: src/phase/ files built on the
 * host (ASan + UBSan) and linked with these instead of the syscalls, so a
 * phase runs in a cmocka test without root, in milliseconds, on a fake
 * clock (systemd's test-dhcp-client.c swaps dhcp_network_* the same way).
 *
 * How the link works (Makefile, "phase seam"): tests/unit/test-phase-*.c is
 * linked with every object of each tests/unit/fake/ file, then the archives of the
 * host-built src/phase/, src/sys/ and src/core/ objects, in that order.  An
 * archive member is pulled in only for a symbol still unresolved, so:
 *
 *   - A fake replaces a WHOLE src/sys file: fake/link.c defines every
 *     function link.h declares.  Were one missing, the linker would pull
 *     the real link.o for it and stop on the duplicates (which is the
 *     point: a test never half-fakes a file by accident).
 *   - A src/sys file without a fake here is linked for real (file.c
 *     today: tests point --rundir at a mkdtemp() folder).
 *
 * To add a fake (e.g. for mnt.c or file.c, for premount / handoff tests):
 *   1. tests/unit/fake/mnt.c: #include "mnt.h" and "fake.h", define every
 *      function of mnt.h; keep its state in statics with a
 *      fake_mnt_reset() and knobs declared in this header (one section per
 *      faked file, below);
 *   2. call fake_reset() (which calls every fake_*_reset) in each test's
 *      setup; add your reset to fake_reset() in fake/clock.c;
 *   3. nothing else: the Makefile's wildcard picks the file up and every
 *      test-phase-* binary links it.
 * A fake never sleeps and never reads the real clock: waiting is
 * fake_clock_advance().
 */
#ifndef NETBOOT_TEST_FAKE_H
#define NETBOOT_TEST_FAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reset every fake: the clock to 1,000,000 ms, no links, no sockets. */
void fake_reset(void);

/* ---- clock.c: clock_ms(), clock_sleep_ms(), clock_random() ... ------- */
extern uint64_t fake_now_ms;      /* what clock_ms() returns */
void fake_clock_reset(void);
void fake_clock_advance(uint64_t ms);

/* ---- link.c: link_list(), link_carriers(), link_up_all(), link_set_*, link_watch_* */
#define FAKE_LINK_MAX 128
struct fake_link {
	char name[16];
	int ifindex;
	unsigned type;          /* 1 Ethernet (default), 772 loopback */
	uint8_t mac[6];
	bool carrier;           /* link_list(), link_carriers() */
	bool up;                /* link_list()'s up; link_set_up() sets it */
	bool wireless, loopback;
	uint32_t addr, mask;    /* link_set_addr() */
	unsigned mtu;           /* link_set_mtu() */
	uint32_t gateway;       /* link_add_default_route() */
};
void fake_link_reset(void);
/* Add an Ethernet NIC with carrier, the next ifindex (from 2); NULL when
 * full.  Listed by link_list() in the order added. */
struct fake_link *fake_link_add(const char *name, const uint8_t mac[6]);
struct fake_link *fake_link_find(const char *name);
extern unsigned fake_link_list_calls;
extern unsigned fake_link_up_batches; /* link_up_all() calls */
/* link_watch_open()'s fd; packet_wait() reports it ready while an event
 * waits.  Events are queued only while it is open, as on the real
 * socket. */
#define FAKE_WATCH_FD 3000
/* An RTM_NEWLINK event for l as it is now (after the test changed its
 * carrier or up), an RTM_DELLINK for ifindex (the link is then gone). */
void fake_link_changed(struct fake_link *l);
void fake_link_gone(int ifindex);
bool fake_link_events_pending(void);
void fake_link_watch_close(void);

/* ---- packet.c: packet_open/send/recv/wait/close ------------------------ */
/* Called for each frame packet_send() sends (from the IP header on); it
 * may answer with fake_packet_queue().  */
typedef void (*fake_server_fn)(int ifindex, const uint8_t *frame, size_t len, void *arg);
void fake_packet_reset(void);
void fake_packet_server(fake_server_fn fn, void *arg);
/* Queue a frame that came in on ifindex for the open socket (dropped when
 * none is open, or the interface is gone, as on a wire).  0, or -ENOBUFS
 * past 4096 queued frames. */
int fake_packet_queue(int ifindex, const uint8_t *frame, size_t len, bool csum_unset);
/* From now on interface ifindex is gone: sends to it fail with err
 * (-ENXIO when 0), its queued frames are dropped, and the link watch
 * gets its RTM_DELLINK (fake_link_gone).  The socket goes on for the
 * other interfaces. */
void fake_packet_break(int ifindex, int err);
/* packet_wait() returns at once when something is ready or broken; each
 * such wake-up costs FAKE_WAKE_MS of fake time (so a loop that spins on a
 * socket it never drains still ends, and the count says it spun). */
#define FAKE_WAKE_MS 1
extern unsigned fake_packet_waits;    /* packet_wait() calls */
extern unsigned fake_packet_sent;     /* frames sent, all sockets */
extern unsigned fake_packet_open_now; /* sockets open at the moment */
extern unsigned fake_packet_opened;   /* packet_open() successes */

/* ---- fs.c: fs_atomic_*, fs_read, fs_seek, fs_close, fs_stderr, fs_mount_overlay_ro */
/* Writes and reads are real; these make them fail part-way. */
extern long fake_fs_write_fail_after; /* -1 never, else fs_atomic_write() fails
					 once this many bytes would be passed */
extern int fake_fs_write_err;         /* with this errno (ENOSPC) */
extern long fake_fs_read_fail_after;  /* the same for fs_read() (EIO) */
extern int fake_fs_read_err;
extern int fake_fs_commit_err;        /* fs_atomic_commit() fails with it */
extern int fake_fs_mount_err;         /* fs_mount_overlay_ro()'s errno, 0 ok */
extern unsigned fake_fs_mounts;       /* its calls, and the last one's args */
extern char fake_fs_mount_target[];
extern char fake_fs_mount_opts[];
extern unsigned fake_fs_reads;        /* fs_read() calls */
extern size_t fake_fs_read_max;       /* the largest len asked of it */
extern unsigned long long fake_fs_read_bytes; /* bytes it returned */
void fake_fs_reset(void);

#endif
