// The one web app: the customer portal at /, the widget's compact portal at /embed, the dashboard at /admin.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Dashboard } from './admin/Dashboard.js';
import { Portal } from './portal/Portal.js';
import { usePath } from './shared/router.js';
import './styles.css';

function App() {
  const path = usePath();
  if (path === '/admin' || path.startsWith('/admin/')) return <Dashboard path={path} />;
  if (path === '/embed') return <Portal embedded />;
  return <Portal />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
