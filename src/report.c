/* PLACEHOLDER: being written. */
#include "ins_internal.h"
