// RegExp literals (issue 4).
print(typeof /x/, Object.prototype.toString.call(/x/g));
