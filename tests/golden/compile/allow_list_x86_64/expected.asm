  0: ld   [4]                             ; arch
  1: jeq  #0xc000003e  jt 2  jf 13        ; x86_64/x32
  2: ld   [0]                             ; nr
  3: jge  #0x3e  jt 7  jf 4               ; kill
  4: jge  #0x3  jt 6  jf 5                ; close
  5: jge  #0x2  jt 10  jf 12              ; open
  6: jge  #0x4  jt 10  jf 12              ; stat
  7: jge  #0x40000000  jt 9  jf 8         ; read
  8: jge  #0x3f  jt 11  jf 13             ; uname
  9: jge  #0xffffffff  jt 10  jf 13       ; nr 4294967295
 10: ret  #0x00050001                     ; ERRNO(1)
 11: ret  #0x00050026                     ; ERRNO(38)
 12: ret  #0x7fff0000                     ; ALLOW
 13: ret  #0x80000000                     ; KILL_PROCESS
