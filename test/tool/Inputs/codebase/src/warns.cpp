// A TU with a warning the build makes an error (-Werror, -Werror=GROUP).
int count() {
  int unused = 0;
  return 1;
}
