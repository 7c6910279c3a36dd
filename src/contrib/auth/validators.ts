/** Django's username validators (django.contrib.auth.validators). */
import { RegexValidator } from '../../core/validators';

/** Letters, digits and @/./+/-/_ in any script (Python's \w is Unicode). */
export const UnicodeUsernameValidator = new RegexValidator(/^[\p{L}\p{N}_.@+-]+$/u, {
  message: 'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
});

/** The ASCII-only variant. */
export const ASCIIUsernameValidator = new RegexValidator(/^[A-Za-z0-9_.@+-]+$/, {
  message: 'Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z letters, numbers, and @/./+/-/_ characters.',
});
