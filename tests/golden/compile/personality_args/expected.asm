  0: ld   [4]                             ; arch
  1: jeq  #0xc000003e  jt 3  jf 2         ; x86_64/x32
  2: jeq  #0x40000003  jt 17  jf 31       ; x86
  3: ld   [0]                             ; nr
  4: jge  #0x87  jt 6  jf 5               ; personality
  5: jeq  #0x38  jt 9  jf 28              ; clone
  6: jge  #0x40000000  jt 8  jf 7         ; read
  7: jge  #0x88  jt 29  jf 12             ; ustat
  8: jge  #0xffffffff  jt 28  jf 31       ; nr 4294967295
  9: ld   [16]                            ; args[0] word 0
 10: and  #0x7e020000
 11: jeq  #0x0  jt 30  jf 28
 12: ld   [20]                            ; args[0] word 1
 13: jeq  #0x0  jt 14  jf 28
 14: ld   [16]                            ; args[0] word 0
 15: jeq  #0x8  jt 30  jf 16
 16: jeq  #0x0  jt 30  jf 28
 17: ld   [0]                             ; nr
 18: jge  #0x79  jt 20  jf 19             ; setdomainname
 19: jge  #0x78  jt 22  jf 28             ; clone
 20: jge  #0x88  jt 21  jf 28             ; personality
 21: jge  #0x89  jt 29  jf 25             ; afs_syscall
 22: ld   [16]                            ; args[0] word 0
 23: and  #0x7e020000
 24: jeq  #0x0  jt 30  jf 28
 25: ld   [16]                            ; args[0] word 0
 26: jeq  #0x8  jt 30  jf 27
 27: jeq  #0x0  jt 30  jf 28
 28: ret  #0x00050001                     ; ERRNO(1)
 29: ret  #0x00050026                     ; ERRNO(38)
 30: ret  #0x7fff0000                     ; ALLOW
 31: ret  #0x80000000                     ; KILL_PROCESS
