// Inline outline icons (24×24, stroke) so no icon font or CDN is needed.
const base = {
  width: 20,
  height: 20,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.8,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
} as const;

export const HomeIcon = () => (
  <svg {...base}>
    <path d="M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z" />
  </svg>
);
export const UserIcon = () => (
  <svg {...base}>
    <circle cx="12" cy="8" r="4" />
    <path d="M4 21c0-4 4-6 8-6s8 2 8 6" />
  </svg>
);
export const UsersIcon = () => (
  <svg {...base}>
    <circle cx="9" cy="8" r="3.5" />
    <path d="M2.5 20c0-3.5 3-5.5 6.5-5.5s6.5 2 6.5 5.5" />
    <path d="M16 4.5a3.5 3.5 0 0 1 0 7M18 14.8c2 .7 3.5 2.4 3.5 5.2" />
  </svg>
);
export const IdCardIcon = () => (
  <svg {...base}>
    <rect x="3" y="5" width="18" height="14" rx="2" />
    <circle cx="9" cy="11" r="2.2" />
    <path d="M5.8 16c.6-1.6 1.8-2.4 3.2-2.4s2.6.8 3.2 2.4M14.5 10h4M14.5 13.5h3" />
  </svg>
);
export const ClipboardIcon = () => (
  <svg {...base}>
    <rect x="5" y="4" width="14" height="17" rx="2" />
    <path d="M9 4h6v3H9zM8.5 12l2.2 2.2 4.8-4.7" />
  </svg>
);
export const GridIcon = () => (
  <svg {...base}>
    <rect x="3.5" y="3.5" width="7" height="7" rx="1.5" />
    <rect x="13.5" y="3.5" width="7" height="7" rx="1.5" />
    <rect x="3.5" y="13.5" width="7" height="7" rx="1.5" />
    <rect x="13.5" y="13.5" width="7" height="7" rx="1.5" />
  </svg>
);

export const CardIcon = () => (
  <svg {...base}>
    <rect x="2" y="5" width="20" height="14" rx="2" />
    <path d="M2 10h20" />
  </svg>
);
export const ChartIcon = () => (
  <svg {...base}>
    <path d="M4 20V10M10 20V4M16 20v-7M22 20H2" />
  </svg>
);
export const WalletIcon = () => (
  <svg {...base}>
    <rect x="2" y="6" width="20" height="14" rx="2" />
    <path d="M16 13h2M2 10h20M6 6l10-3 1 3" />
  </svg>
);
/** A bank building: money going out to bank accounts. */
export const BankIcon = () => (
  <svg {...base}>
    <path d="M3 9.5 12 4l9 5.5M4 21h16M6 10.5V18M10 10.5V18M14 10.5V18M18 10.5V18" />
  </svg>
);
export const MailIcon = () => (
  <svg {...base}>
    <rect x="3" y="5" width="18" height="14" rx="2" />
    <path d="m3.5 6.5 8.5 6.5 8.5-6.5" />
  </svg>
);
export const CalendarIcon = () => (
  <svg {...base}>
    <rect x="3" y="4.5" width="18" height="16.5" rx="2" />
    <path d="M3 9.5h18M8 3v3.5M16 3v3.5" />
  </svg>
);
export const NoteIcon = () => (
  <svg {...base}>
    <path d="M5 3h10l4 4v14H5z" />
    <path d="M15 3v4h4M8.5 12h7M8.5 16h5" />
  </svg>
);
export const MegaphoneIcon = () => (
  <svg {...base}>
    <path d="M3 10v4h3l7 4V6L6 10z" />
    <path d="M17 9a4 4 0 0 1 0 6M6 14l1.5 5h2.5l-1.3-4.3" />
  </svg>
);
/** A plug: the upstream services the portal is connected to. */
export const PlugIcon = () => (
  <svg {...base}>
    <path d="M9 3v4M15 3v4M6.5 7h11v4a5.5 5.5 0 0 1-11 0zM12 16.5V21" />
  </svg>
);
export const PhoneIcon = () => (
  <svg {...base}>
    <path d="M5 3h3.5l1.8 4.5-2.3 1.5a11 11 0 0 0 7 7l1.5-2.3L21 15.5V19a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2z" />
  </svg>
);
/** A mobile phone with a plus: mobile top-ups. */
export const MobileTopupIcon = () => (
  <svg {...base}>
    <rect x="6" y="2.5" width="12" height="19" rx="2" />
    <path d="M10.5 18.5h3M12 8v5M9.5 10.5h5" />
  </svg>
);
/** One payment splitting into shares: split payments. */
export const SplitIcon = () => (
  <svg {...base}>
    <path d="M12 3v7M12 10 5 17M12 10l7 7M12 10v11" />
    <circle cx="5" cy="19" r="2" />
    <circle cx="19" cy="19" r="2" />
  </svg>
);
export const MenuIcon = () => (
  <svg {...base}>
    <path d="M4 6h16M4 12h16M4 18h16" />
  </svg>
);
export const CloseIcon = () => (
  <svg {...base}>
    <path d="M6 6l12 12M18 6 6 18" />
  </svg>
);
export const SearchIcon = () => (
  <svg {...base}>
    <circle cx="11" cy="11" r="6.5" />
    <path d="m20 20-4.2-4.2" />
  </svg>
);
export const ShieldIcon = () => (
  <svg {...base}>
    <path d="M12 3 4.5 6v5.5c0 4.6 3.2 8.4 7.5 9.5 4.3-1.1 7.5-4.9 7.5-9.5V6z" />
    <path d="m9 12 2 2 4-4" />
  </svg>
);
