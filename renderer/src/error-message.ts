/** What to show the user for a thrown value: an Error's message (a HostError's says what went wrong), else the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
