// A variation-strength axis blends each cell's seed toward a variation seed; a board's settings
// have none until a seed variation is made, and without one every value of the axis draws the
// same image. The grid then blends toward one seed picked for it (as A1111's X/Y plot does).

/** The base request with `variationSeed` set when an axis sweeps variation strength and it has none. */
export function withVariationSeed(request: Record<string, unknown>, fields: string[], seed: number): Record<string, unknown> {
  const settings = request.settings as Record<string, unknown> | undefined;
  if (!settings || !fields.includes('variationStrength') || settings.variationSeed != null) return request;
  return { ...request, settings: { ...settings, variationSeed: seed } };
}
