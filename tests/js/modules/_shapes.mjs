export function area(w, h) {
  return w * h;
}
export const unit = 'm2';
export default 'not re-exported by export *';
