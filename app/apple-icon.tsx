import { ImageResponse } from 'next/og';

// Made once at build time (no request data): the home-screen icon, the favicon's mark on a square.
export const size = { width: 180, height: 180 };
export const contentType = 'image/png';

export default function AppleIcon() {
  return new ImageResponse(
    <div style={{ width: '100%', height: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#1d5fd1' }}>
      <svg width="120" height="120" viewBox="0 0 64 64">
        <path d="M20 16h12a16 16 0 0 1 0 32H20z" fill="none" stroke="#fff" strokeWidth="6" strokeLinejoin="round" />
        <rect x="26" y="29" width="16" height="6" rx="3" fill="#fff" />
      </svg>
    </div>,
    size,
  );
}
