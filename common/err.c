/* err.c - names of error codes for logs and test output. */
#include "err.h"

const char *
err_name(int rc)
{
	switch (rc) {
	case E_OK:
		return "E_OK";
	case E_NOMEM:
		return "E_NOMEM";
	case E_LIMIT:
		return "E_LIMIT";
	case E_PARSE:
		return "E_PARSE";
	case E_TEMP:
		return "E_TEMP";
	case E_PERM:
		return "E_PERM";
	case E_NOGROUP:
		return "E_NOGROUP";
	case E_DUP:
		return "E_DUP";
	case E_INTERNAL:
		return "E_INTERNAL";
	case E_NOTFOUND:
		return "E_NOTFOUND";
	case E_CONFIG:
		return "E_CONFIG";
	}
	return "E_UNKNOWN";
}
