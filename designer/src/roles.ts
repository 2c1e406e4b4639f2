import type { Role } from './api';

/** Where each role lands after login and when it opens a page it may not use. */
export function homePath(role: Role): string {
  switch (role) {
    case 'applicant':
      return '/apply';
    case 'clerk':
      return '/inbox';
    case 'manager':
    case 'admin':
      return '/monitor';
    case 'designer':
      return '/studio/compose';
    case 'system':
      // A department system's account talks to the API, not to these pages.
      return '/login';
  }
}
