// Hints: words the help centre may file a question under (a triaged intent's topic: "shipping", "reset
// password"), which search weighs as it weighs synonyms, below the question's own words. A few short ones,
// the same on every way in: the agents' knowledge.search tool and the REST search.
import { z } from 'zod';

export const searchHintsSchema = z.array(z.string().trim().min(1).max(40)).max(8);
