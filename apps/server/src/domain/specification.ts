// A business rule as a value: it answers one yes/no question about a candidate and says in words what it asks,
// so rules can be combined and the desk can show a person why it stopped.
export class Specification<T> {
  /**
   * @param reason what the rule holds true, in plain words ("the customer is a VIP")
   * @param test the rule itself; must be pure
   */
  constructor(
    readonly reason: string,
    private readonly test: (candidate: T) => boolean,
    // Set for and/or results, so nesting them puts parentheses where a reader needs them.
    private readonly compound = false,
  ) {}

  isSatisfiedBy(candidate: T): boolean {
    return this.test(candidate);
  }

  and(other: Specification<T>): Specification<T> {
    return new Specification(
      `${this.quoted()} and ${other.quoted()}`,
      (candidate) => this.isSatisfiedBy(candidate) && other.isSatisfiedBy(candidate),
      true,
    );
  }

  or(other: Specification<T>): Specification<T> {
    return new Specification(
      `${this.quoted()} or ${other.quoted()}`,
      (candidate) => this.isSatisfiedBy(candidate) || other.isSatisfiedBy(candidate),
      true,
    );
  }

  /** @param reason the negation in plain words; defaults to "not (…)" */
  not(reason = `not (${this.reason})`): Specification<T> {
    return new Specification(reason, (candidate) => !this.isSatisfiedBy(candidate));
  }

  private quoted(): string {
    return this.compound ? `(${this.reason})` : this.reason;
  }
}
