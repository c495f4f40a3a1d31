/** A fixture that cannot be used; `message` names the offending field or fixture entry. */
export class FixtureError extends Error {
  override readonly name = 'FixtureError';
  readonly code = 'EMULATOR_FIXTURE_INVALID';
}
