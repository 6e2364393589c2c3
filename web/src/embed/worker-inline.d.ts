// Vite's "?worker&inline" import: a constructor for a worker whose code is bundled into the page.
declare module '*?worker&inline' {
  const WorkerConstructor: new (options?: { name?: string }) => Worker;
  export default WorkerConstructor;
}
