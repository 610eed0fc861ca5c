#include "admin.h"
int
cmd_site(struct ctx *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	return 64;
}
