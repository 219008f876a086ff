int *p = 0;
// CHECK-FIXES: {{^}}int *p = nullptr;{{$}}
