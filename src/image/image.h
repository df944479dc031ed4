/*
 * image.h - the commands of netboot-image (src/image/main.c).  Each file of
 * src/image/ adds its commands to IMAGE_COMMANDS and its usage lines to
 * IMAGE_USAGE_LINES here.
 */
#ifndef NETBOOT_IMAGE_H
#define NETBOOT_IMAGE_H

#define IMAGE_EXIT_OK       0
#define IMAGE_EXIT_REFUSED  1   /* the input is refused: message says why */
#define IMAGE_EXIT_USAGE    100
#define IMAGE_EXIT_SYSTEM   111

struct image_command {
	const char *name;
	int (*run)(int argc, char **argv);
};

/*
 * Each src/image/FILE.c declares its commands here and adds them below,
 * one "{ name, fn }," entry a command, and its usage lines.
 */

#define IMAGE_USAGE_LINES \
	""

#define IMAGE_COMMANDS

#endif
