// exit: 1
// stderr: SyntaxError
// An early error deep inside functions that never run is reported before anything runs (lazy compilation
// compiles those functions at their first call, but checks all of them at load).
print("must not run");
function never() {
  var inner = function () {
    var arrow = () => {
      let twice = 1;
      {
        let ok = 2;
      }
      let twice = 3;
    };
  };
}
