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

/* iso.c */
int image_iso_info_main(int argc, char **argv);
int image_iso_ls_main(int argc, char **argv);
int image_iso_cat_main(int argc, char **argv);
int image_iso_extract_main(int argc, char **argv);

/* initrd.c */
int image_initrd_ls_main(int argc, char **argv);

#define IMAGE_USAGE_LINES \
	"  iso-info ISO             volume id, Rock Ridge, size (key='value' lines)\n" \
	"  iso-ls ISO               every entry: TYPE(f|d|l|o) SIZE PATH, names \\xHH-escaped\n" \
	"  iso-cat ISO PATH [--max BYTES]   one file of the image to stdout\n" \
	"  iso-extract ISO DIR      the tree's directories and files into the empty DIR\n" \
	"  initrd-ls [--members] [--protect PATH]... INITRD\n" \
	"                           walk the initrd as the kernel unpacks it; per segment\n" \
	"                           \"segment N OFFSET LENGTH KIND MEMBERS\", last \"initrd SIZE\n" \
	"                           SEGMENTS LASTKIND MEMBERS\"; --members adds \"member TYPE\n" \
	"                           MODE SIZE PATH\" lines; refuses hostile or broken input\n"

#define IMAGE_COMMANDS \
	{ "iso-info", image_iso_info_main }, \
	{ "iso-ls", image_iso_ls_main }, \
	{ "iso-cat", image_iso_cat_main }, \
	{ "iso-extract", image_iso_extract_main }, \
	{ "initrd-ls", image_initrd_ls_main },

#endif
