import { uploadSupportFile } from '@/lib/support/routes';

/** A file for a ticket message, sent as soon as it is picked (multipart `file`; PDF, PNG or JPEG, ≤ 5 MB). */
export async function POST(req: Request) {
  return uploadSupportFile(req, 'merchant');
}
