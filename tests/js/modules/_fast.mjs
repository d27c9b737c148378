print('fast: runs');
export const ready = 'fast ready';
