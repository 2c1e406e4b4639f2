import { ApiClient } from '@yijian/examples';

/**
 * 受理: the lead department's window clerk accepts a freshly filed case, so its department steps
 * open. Tests that are not about intake call this right after filing.
 * (Until the intake step lands, filing opens the steps directly and this does nothing.)
 */
export async function acceptAtWindow(serverUrl: string, caseId: string): Promise<void> {
  void serverUrl;
  void caseId;
}
