// Comments and line breaks inside a for header, with both semicolons, are fine.
for (var i = 0 /* ; */;
  i < 2 // ;
  ;
  i++) print(i);
for (;;) { break; }
for (var j = 0; j < 1; ) j++;
print(j);
