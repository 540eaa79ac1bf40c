/** The demo keys, kept in OMNI_DATA_DIR by the first start and `omni demo:seed`. */
export const demoKeysFile = "demo-keys.json";
