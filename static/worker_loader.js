// Starts the solve worker (src/bin/worker.rs): load wasm-bindgen's no-modules glue, then the wasm.
importScripts("./worker.js");
wasm_bindgen({ module_or_path: "./worker_bg.wasm" });
