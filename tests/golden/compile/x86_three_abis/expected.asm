  0: ld   [4]                             ; arch
  1: jeq  #0xc000003e  jt 3  jf 2         ; x86_64/x32
  2: jeq  #0x40000003  jt 11  jf 17       ; x86
  3: ld   [0]                             ; nr
  4: jge  #0x40000000  jt 8  jf 5         ; read
  5: jge  #0xe7  jt 7  jf 6               ; exit_group
  6: jge  #0x1  jt 15  jf 16              ; write
  7: jge  #0xe8  jt 15  jf 16             ; epoll_wait
  8: jge  #0x400000e7  jt 10  jf 9        ; exit_group
  9: jge  #0x40000001  jt 15  jf 16       ; write
 10: jge  #0x400000e8  jt 15  jf 16       ; epoll_wait
 11: ld   [0]                             ; nr
 12: jge  #0x4  jt 14  jf 13              ; write
 13: jge  #0x3  jt 16  jf 15              ; read
 14: jeq  #0xfc  jt 16  jf 15             ; exit_group
 15: ret  #0x00050026                     ; ERRNO(38)
 16: ret  #0x7fff0000                     ; ALLOW
 17: ret  #0x80000000                     ; KILL_PROCESS
