/** Where the Electron binary is, or why there is none. */
export function electronBinary(): { path: string } | { missing: string };
