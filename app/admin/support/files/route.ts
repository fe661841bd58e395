import { uploadSupportFile } from '@/lib/support/routes';

/** A file for staff's reply or note (multipart `file`; PDF, PNG or JPEG, ≤ 5 MB). */
export async function POST(req: Request) {
  return uploadSupportFile(req, 'staff');
}
