/*
 * link.c (fake) - src/sys/link.c for the phase seam: a table of NICs the
 * test fills with fake_link_add(); every link.h function acts on it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fake.h"
#include "link.h"

static struct fake_link links[FAKE_LINK_MAX];
static size_t n_links;
unsigned fake_link_list_calls, fake_link_up_batches;

/* link events waiting on the watch socket (only while it is open) */
#define EV_MAX 64
static struct rtlink_msg events[EV_MAX];
static size_t n_events;
static bool watch_open;

void fake_link_reset(void)
{
	memset(links, 0, sizeof(links));
	n_links = 0;
	fake_link_list_calls = fake_link_up_batches = 0;
	n_events = 0;
	watch_open = false;
}

static void event(enum rtlink_kind kind, const struct fake_link *l)
{
	struct rtlink_msg *m;

	if (!watch_open || n_events >= EV_MAX)
		return;
	m = &events[n_events++];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->ifindex = l->ifindex;
	m->type = l->type;
	m->flags = (l->up ? RTLINK_IFF_UP : 0) |
		   (l->up && l->carrier ? RTLINK_IFF_LOWER_UP : 0);
	snprintf(m->name, sizeof(m->name), "%s", l->name);
	memcpy(m->mac, l->mac, 6);
}

void fake_link_changed(struct fake_link *l)
{
	event(RTLINK_NEW, l);
}

void fake_link_gone(int ifindex)
{
	size_t i;

	for (i = 0; i < n_links; i++) {
		if (links[i].ifindex == ifindex) {
			event(RTLINK_DEL, &links[i]);
			links[i].ifindex = -ifindex; /* listed no more by that index */
		}
	}
}

bool fake_link_events_pending(void)
{
	return watch_open && n_events > 0;
}

void fake_link_watch_close(void)
{
	watch_open = false;
	n_events = 0;
}

int link_watch_open(void)
{
	watch_open = true;
	n_events = 0;
	return FAKE_WATCH_FD;
}

int link_watch_read(int fd, void (*fn)(const struct rtlink_msg *, void *), void *ctx)
{
	struct rtlink_msg ev[EV_MAX];
	size_t i, n;

	if (fd != FAKE_WATCH_FD || !watch_open)
		return -EBADF;
	n = n_events;
	memcpy(ev, events, n * sizeof(ev[0]));
	n_events = 0;
	for (i = 0; i < n; i++)
		fn(&ev[i], ctx);
	return 0;
}

int link_up_all(const int *ifindex, size_t n, int *err, bool *carrier)
{
	size_t i, j;

	fake_link_up_batches++;
	for (i = 0; i < n; i++) {
		err[i] = -ENODEV;
		carrier[i] = false;
		for (j = 0; j < n_links; j++) {
			if (links[j].ifindex != ifindex[i])
				continue;
			err[i] = 0;
			links[j].up = true;
			carrier[i] = links[j].carrier;
		}
	}
	return 0;
}

struct fake_link *fake_link_add(const char *name, const uint8_t mac[6])
{
	struct fake_link *l;

	if (n_links >= FAKE_LINK_MAX)
		return NULL;
	l = &links[n_links];
	memset(l, 0, sizeof(*l));
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->ifindex = (int)n_links + 2;
	l->type = 1;
	memcpy(l->mac, mac, 6);
	l->carrier = true;
	n_links++;
	return l;
}

struct fake_link *fake_link_find(const char *name)
{
	size_t i;

	for (i = 0; i < n_links; i++)
		if (!strcmp(links[i].name, name))
			return &links[i];
	return NULL;
}

/* Same contract as src/sys/link.c: the table is the directory in its
 * order; past max only keep_mac's entry takes a place (the last one). */
int link_list(struct link_info *out, size_t max, const uint8_t *keep_mac,
	      size_t *n, bool *more)
{
	size_t i, cnt = 0;
	bool kept = false, over = false;

	fake_link_list_calls++;
	if (!max)
		return -EINVAL;
	for (i = 0; i < n_links; i++) {
		struct link_info li;
		bool is_keep = keep_mac && !memcmp(links[i].mac, keep_mac, 6);

		if (cnt == max) {
			over = true;
			if (!is_keep || kept)
				continue;
		}
		memset(&li, 0, sizeof(li));
		snprintf(li.name, sizeof(li.name), "%s", links[i].name);
		li.ifindex = links[i].ifindex;
		li.type = links[i].type;
		memcpy(li.mac, links[i].mac, 6);
		li.wireless = links[i].wireless;
		li.up = links[i].up;
		li.loopback = links[i].loopback;
		li.carrier = links[i].up && links[i].carrier;
		kept |= is_keep;
		if (cnt < max)
			out[cnt++] = li;
		else
			out[max - 1] = li;
	}
	*n = cnt;
	if (more)
		*more = over;
	return 0;
}

int link_carriers(const int *ifindex, size_t n, bool *carrier)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		carrier[i] = false;
		for (j = 0; j < n_links; j++)
			if (links[j].ifindex == ifindex[i])
				carrier[i] = links[j].up && links[j].carrier;
	}
	return 0;
}

int link_set_up(const char *name, bool up)
{
	struct fake_link *l = fake_link_find(name);

	if (!l)
		return -ENODEV;
	l->up = up;
	return 0;
}

int link_set_addr(const char *name, uint32_t addr, uint32_t mask, uint32_t bcast)
{
	struct fake_link *l = fake_link_find(name);

	(void)bcast;
	if (!l)
		return -ENODEV;
	l->addr = addr;
	l->mask = mask;
	return 0;
}

int link_flush_addr(const char *name)
{
	return link_set_addr(name, 0, 0, 0);
}

int link_set_mtu(const char *name, unsigned mtu)
{
	struct fake_link *l = fake_link_find(name);

	if (!l)
		return -ENODEV;
	l->mtu = mtu;
	return 0;
}

int link_add_default_route(const char *name, uint32_t gw)
{
	struct fake_link *l = fake_link_find(name);

	if (!l)
		return -ENODEV;
	l->gateway = gw;
	return 0;
}
