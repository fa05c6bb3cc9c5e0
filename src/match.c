/* PLACEHOLDER: the name matcher is being written. */
#include "ins_internal.h"
