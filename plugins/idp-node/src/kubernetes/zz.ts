const x: number = "s"; export {x};
