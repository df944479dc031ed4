/*
 * fetch-int.h - what fetch.c (HTTP, one file at a time) and fetch-iso.c
 * (the files an ISO holds, by range reads) share.  Not for other phases:
 * fetch.h is the phase's interface.
 */
#ifndef NETBOOT_FETCH_INT_H
#define NETBOOT_FETCH_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "cmdline.h"
#include "fs.h"
#include "http.h"
#include "lease.h"
#include "md5.h"
#include "sha256.h"
#include "squash.h"
#include "sums.h"

#define FETCH_REDIRECTS    5       /* Location hops per request */
#define FETCH_TRIES        6       /* failed tries of one URL in a row */
#define FETCH_STALL_MS     15000u  /* no byte for this long: reconnect */
#define FETCH_CONNECT_MS   10000u
#define FETCH_PROGRESS_MS  3000u   /* one progress line at most this often */
#define FETCH_BUF          65536u
#define MIB                (1024u * 1024u)

/* How one try of a URL ended. */
enum outcome {
	DONE,      /* the whole body is stored */
	RETRY,     /* transient: the same URL again after a backoff */
	NEXT_URL,  /* this URL cannot serve the image */
	FATAL,     /* stop: rc says how */
};

struct conn {
	int fd;
	uint32_t addr;
	uint16_t port;
};

struct fetch {
	const struct cmdline *c;
	const struct lease *l;
	uint64_t deadline, t0;
	struct http_url u;      /* the URL being fetched (after redirects) */
	struct conn cn;
	struct fs_atomic out;
	struct sha256 sha;
	uint8_t sb[SQUASH_SB_SIZE]; /* the first bytes, for the superblock check */
	uint64_t size;          /* the file to store, 0 = not known */
	uint64_t got;           /* bytes stored */
	uint64_t base;          /* where the file starts in the resource (an
				   ISO's extent); 0 for an image URL */
	bool part;              /* ask bounded ranges: base .. base+size-1 */
	bool probed;            /* the HEAD was made (an ISO's) */
	uint64_t res_size;      /* the resource's size (HEAD), 0 = not known */
	bool from_iso;          /* the image and .disk/ came out of an ISO */
	bool iso_info_made;     /* the ISO had no .disk/info: netboot wrote it */
	bool iso_whole;         /* the ISO's parts cannot be fetched alone (no
				   ranges, layered images, several extents):
				   the whole ISO can */
	bool whole_iso;         /* fetching the whole ISO, to loop-mount it */
	bool is_lower;          /* a lower layer of casper's set: netboot.sha256=
				   is the top layer's, not this one's */
	bool has_list;          /* a checksum list names the image */
	enum sums_algo list_algo;
	uint8_t list_digest[32];
	char list_name[HTTP_PATH_MAX + 32]; /* "the ISO's /SHA256SUMS", say */
	struct md5 md5;         /* kept when the list is md5sum.txt */
	bool no_ranges;         /* a Range request was answered wrongly */
	bool fit_said;          /* the RAM check passed for this size */
	char known_host[HTTP_HOST_MAX + 1]; /* the last name resolved */
	uint32_t known_addr;    /* and its address, 0 = none */
	uint64_t last_ms, last_got; /* the last progress line */
	uint8_t *mem;           /* a checksum list: into memory (limit bytes),
				   not a file */
	size_t limit;           /* a small file (.disk/): its largest size;
				   0 for the image (RAM check, progress) */
	int rc;                 /* exit code for FATAL */
	char why[1600];         /* the last failure, for the console */
	uint8_t buf[FETCH_BUF];
	char head[HTTP_HEAD_MAX];
};

/* Shared by fetch.c and fetch-iso.c. */
enum outcome fx_exchange(struct fetch *f, const char *method, uint64_t from, uint64_t to,
			 struct http_resp *r, size_t *extra);
enum outcome fx_probe(struct fetch *f);
enum outcome fx_fetch_one(struct fetch *f, const char *dir);
void fx_conn_close(struct fetch *f);
unsigned fx_wait_ms(const struct fetch *f, unsigned timeout_ms);
char *fx_tenths(char dst[24], uint64_t num, uint64_t den);

/*
 * netboot=http with a URL naming an ISO: read its directories by range
 * requests, and plan the fetch of the live image alone (its bytes'
 * place, the ISO's checksum list entry for it, .disk/ held for
 * fetch_iso_disk_write()); image gets the image's path relative to the
 * fetch directory.  DONE, NEXT_URL (f->why says why; f->iso_whole
 * when the whole ISO would do) or FATAL.
 */
enum outcome fetch_iso(struct fetch *f, char *image, size_t imagesz);
/* After the image is in: the .disk/ files fetch_iso() read, into
 * dir/.disk/.  An exit code; logs once. */
int fetch_iso_disk_write(const char *dir);

#endif
