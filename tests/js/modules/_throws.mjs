print('throws: evaluating once');
throw 'boom';
