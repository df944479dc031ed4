/*
 * packet.c - the packet socket edge (see packet.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <signal.h>
#include <stdbool.h>
#ifndef __KLIBC__
#include <sys/syscall.h>
#endif
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/filter.h>

#include "packet.h"
#include "pktfilter.h"

#ifndef SOL_PACKET
#define SOL_PACKET 263
#endif
#ifndef SO_ATTACH_FILTER
#define SO_ATTACH_FILTER 26
#endif

int packet_open(const int *ifindex, size_t n)
{
	static struct pktfilter_insn prog_in[PKTFILTER_LEN_MAX];
	static struct sock_filter filter[PKTFILTER_LEN_MAX];
	struct sockaddr_ll sll;
	struct sock_fprog prog;
	size_t len, i;
	int fd, e, one = 1;

	/* Only DHCP replies (IPv4, UDP to port 68, not a fragment) that came
	 * in on one of ifindex[0..n): core/pktfilter.c */
	len = pktfilter_build(prog_in, PKTFILTER_LEN_MAX, ifindex, n);
	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		filter[i].code = prog_in[i].code;
		filter[i].jt = prog_in[i].jt;
		filter[i].jf = prog_in[i].jf;
		filter[i].k = prog_in[i].k;
	}
	prog.len = (unsigned short)len;
	prog.filter = filter;
	/* Protocol 0: nothing is hooked until bind() names the protocol.
	 * Creating the socket with ETH_P_IP would hook it at once, and bind()
	 * would then unhook it with synchronize_net(): an RCU grace period,
	 * about a second on a slow (emulated) machine.  Bound to ifindex 0:
	 * one hook for every interface, so a NIC costs no socket, no filter
	 * and no bind of its own (each took ~0.1-0.3 ms here, the filter's
	 * setsockopt most), and sll_ifindex says which NIC a reply came in
	 * on.  The filter is attached before the hook: no frame gets in
	 * unfiltered. */
	fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)))
		goto fail;
	if (setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)))
		goto fail;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IP);
	sll.sll_ifindex = 0;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		goto fail;
	return fd;
fail:
	e = -errno;
	close(fd);
	return e;
}

int packet_send(int fd, int ifindex, const void *buf, size_t len)
{
	struct sockaddr_ll sll;
	ssize_t n;

	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IP);
	sll.sll_ifindex = ifindex;
	sll.sll_halen = 6;
	memset(sll.sll_addr, 0xff, 6);
	n = sendto(fd, buf, len, 0, (struct sockaddr *)&sll, sizeof(sll));
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EMSGSIZE;
}

ssize_t packet_recv(int fd, void *buf, size_t sz, int *csum_unset, int *ifindex)
{
	struct sockaddr_ll sll;
	struct iovec iov = { .iov_base = buf, .iov_len = sz };
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	} ctl;
	struct msghdr mh;
	struct cmsghdr *cm;
	ssize_t n;

	memset(&mh, 0, sizeof(mh));
	mh.msg_name = &sll;
	mh.msg_namelen = sizeof(sll);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = &ctl;
	mh.msg_controllen = sizeof(ctl);
	*csum_unset = 0;
	*ifindex = 0;
	memset(&sll, 0, sizeof(sll));
	n = recvmsg(fd, &mh, 0);
	if (n < 0)
		return -errno;
	if (sll.sll_pkttype == PACKET_OUTGOING)
		return -EAGAIN;
	*ifindex = sll.sll_ifindex;
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		struct tpacket_auxdata aux;

		if (cm->cmsg_level != SOL_PACKET || cm->cmsg_type != PACKET_AUXDATA ||
		    cm->cmsg_len < CMSG_LEN(sizeof(aux)))
			continue;
		memcpy(&aux, CMSG_DATA(cm), sizeof(aux));
		if (aux.tp_status & TP_STATUS_CSUMNOTREADY)
			*csum_unset = 1;
	}
	return n;
}

int packet_wait(struct packet_wait *w, size_t n, int timeout_ms)
{
	struct pollfd pfd[64];
	size_t i;
	int r, k = 0;

	if (n > sizeof(pfd) / sizeof(pfd[0]))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		pfd[i].fd = w[i].fd;
		pfd[i].events = POLLIN;
		pfd[i].revents = 0;
		w[i].ready = w[i].broken = false;
		w[i].err = 0;
	}
	r = poll(pfd, n, timeout_ms);
	if (r < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++) {
		short ev = pfd[i].revents;

		if (ev & (POLLERR | POLLHUP | POLLNVAL)) {
			int soe = 0;
			socklen_t sl = sizeof(soe);

			w[i].broken = true;
			if (ev & POLLNVAL)
				w[i].err = -EBADF;
			else if (!getsockopt(w[i].fd, SOL_SOCKET, SO_ERROR, &soe, &sl) && soe)
				w[i].err = -soe;
			else
				w[i].err = -ENODEV;
		} else if (ev & POLLIN) {
			w[i].ready = true;
		}
		if (w[i].ready || w[i].broken)
			k++;
	}
	return k;
}

void packet_close(int fd)
{
	if (fd >= 0)
		close(fd);
}

static void close_fds(int *fds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (fds[i] >= 0) {
			close(fds[i]);
			fds[i] = -1;
		}
	}
}

/* The helper: after(), then wait for the end of file on rd (the caller
 * closed its copies), then exit, which closes the last references. */
static void helper(int rd, void (*after)(void *), void *arg)
{
	char c;

	close(0);
	close(1);
	close(2);
	if (after)
		after(arg);
	if (rd >= 0)
		while (read(rd, &c, 1) < 0 && errno == EINTR)
			;
	_exit(0);
}

#ifndef CLONE_PARENT
#define CLONE_PARENT 0x00008000 /* <linux/sched.h> */
#endif

/*
 * fork(2), but the child is this process's sibling: its parent is ours
 * (clone(2) with CLONE_PARENT), which reaps it, so this process has no
 * child to wait for and leaves no zombie.  klibc has no clone(): on
 * x86_64 a stub of klibc's own shape (the number, 56, in eax, then
 * __syscall_common); elsewhere -1 (ENOSYS), and the caller forks twice.
 * The kernel refuses CLONE_PARENT to a namespace's init (EINVAL): the
 * same fallback.
 */
#if defined(__KLIBC__) && defined(__x86_64__)
long nb_clone(unsigned long flags, void *sp, int *ptid, int *ctid, unsigned long tls);
__asm__(".section .text.nb_clone,\"ax\",@progbits\n"
	".globl nb_clone\n"
	".type nb_clone,@function\n"
	"nb_clone:\n"
	"\tmovl $56, %eax\n"
	"\tjmp __syscall_common\n"
	".size nb_clone, .-nb_clone\n"
	".previous\n");
static pid_t fork_sibling(void)
{
	return (pid_t)nb_clone(CLONE_PARENT | SIGCHLD, NULL, NULL, NULL, 0);
}
#elif !defined(__KLIBC__) && defined(SYS_clone) && defined(__x86_64__)
static pid_t fork_sibling(void)
{
	return (pid_t)syscall(SYS_clone, CLONE_PARENT | SIGCHLD, NULL, NULL, NULL, 0);
}
#else
static pid_t fork_sibling(void)
{
	errno = ENOSYS;
	return -1;
}
#endif

void packet_close_all(int *fds, size_t n, void (*after)(void *), void *arg)
{
	int p[2];
	pid_t a = -1;
	bool sibling;

	if (pipe(p))
		p[0] = p[1] = -1;
	a = fork_sibling();
	sibling = a >= 0;
	if (!sibling)
		a = fork();
	if (a == 0) {
		if (p[1] >= 0)
			close(p[1]);
		/* a child of ours: its own child helps, and it exits at
		 * once, so init adopts the helper */
		if (!sibling && fork() > 0)
			_exit(0);
		helper(p[0], after, arg); /* fork() failed: this one helps */
	}
	if (p[0] >= 0)
		close(p[0]);
	close_fds(fds, n);
	if (p[1] >= 0)
		close(p[1]);
	if (a > 0 && !sibling) {
		while (waitpid(a, NULL, 0) < 0 && errno == EINTR)
			;
	} else if (a < 0 && after) {
		after(arg); /* no helper: here, after the closes */
	}
}
