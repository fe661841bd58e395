import { ExportPage } from '@/components/reports/export-page';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('reports', 'exportTitle');

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <ExportPage id={(await params).id} />;
}
