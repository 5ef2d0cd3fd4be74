/* stand-in for the m5 utility */
int main(void) { return 0; }
