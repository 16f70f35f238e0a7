/** Runs `work`; returns its error's message ('' when it succeeds), failing the test if the message contains `secret`. */
export async function messageWithout(secret: string, work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return '';
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    expect(message).not.toContain(secret);
    return message;
  }
}
