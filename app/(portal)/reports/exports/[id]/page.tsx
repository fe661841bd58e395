import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ExportPage } from '@/components/reports/export-page';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('reports'))('exportTitle') };
}

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <ExportPage id={(await params).id} />;
}
