/* PLACEHOLDER: the demo-world generator is being written. */
#include <stdio.h>
int main(void) { fputs("gen-world: not yet written\n", stderr); return 1; }
