// The feed icon, served as /assets/icon.svg: the pages' favicon (a same-origin file the CSP allows).
export const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">
<rect width="16" height="16" rx="3" fill="#e8590c"/>
<circle cx="4.5" cy="11.5" r="1.5" fill="#fff"/>
<path d="M3 7a6 6 0 0 1 6 6M3 3.5a9.5 9.5 0 0 1 9.5 9.5" fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round"/>
</svg>
`;
