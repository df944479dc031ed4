/*
 * main.c - netboot-image: read boot images the server side is handed
 * (live ISOs, initrds) without mounting or unpacking them, for
 * netboot-server and netboot-remaster.  Every byte it reads is the input's,
 * so every parser behind it is in src/core/ with a fuzz target; this file
 * only dispatches.  Host-only (glibc); never part of the initrd.
 *
 * Exit codes: 0 done; 1 the input is refused (the message says why);
 * 100 bad usage; 111 system error (I/O).
 */
#include <stdio.h>
#include <string.h>

#include "image.h"

static const char usage[] =
	"usage: netboot-image COMMAND ARGS...\n"
	"\n"
	"Read a live ISO or an initrd the way the boot will, without mounting\n"
	"or unpacking it.  Used by netboot-server and netboot-remaster.\n"
	"\n"
	"Commands:\n"
	IMAGE_USAGE_LINES
	"\n"
	"Exit codes: 0 done; 1 input refused (the message says why);\n"
	"100 bad usage; 111 system error.\n";

static const struct image_command commands[] = {
	IMAGE_COMMANDS
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		fputs(usage, stderr);
		return IMAGE_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("netboot-image %s\n", NETBOOT_VERSION);
		return 0;
	}
	for (i = 0; commands[i].name; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "netboot-image: unknown command \"%s\"; try netboot-image --help\n", argv[1]);
	return IMAGE_EXIT_USAGE;
}
