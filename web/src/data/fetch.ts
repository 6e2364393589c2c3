// A data set's file from the page's copy: a failed request or an HTTP error is named with what
// was being loaded, so the page can say "the penguins could not be loaded (HTTP 404 for …)".

export async function fetchData(url: string, what: string, get: typeof fetch = fetch): Promise<Response> {
  let response: Response;
  try {
    response = await get(url);
  } catch (error) {
    throw new Error(`${what} could not be loaded (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!response.ok) throw new Error(`${what} could not be loaded (HTTP ${response.status} for ${url})`);
  return response;
}
