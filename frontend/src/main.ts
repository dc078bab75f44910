/**
 * Entry of the editor bundle (dist/assets/editor.js). Mounts the editor (or the review
 * view) on `#editor` and the dashboard on `#dashboard` when the page has one, so the same
 * bundle can be included on any page.
 */
import { createApiClient } from './api/client';
import { mountDashboard } from './dashboard/dashboard';
import { mountEditor } from './editor/controller';
import { mountImportPage } from './manage/importpage';
import './manage/manage.css';
import './render/editor.css';

function start(): void {
  const root = document.getElementById('editor');
  if (root) {
    const client = createApiClient();
    void mountEditor(root, client, { team: client });
  }
  const dashboard = document.getElementById('dashboard');
  if (dashboard) void mountDashboard(dashboard, createApiClient());
  const importPage = document.getElementById('import-page');
  if (importPage) mountImportPage(importPage);
}

// A module script runs after parsing, but be safe if it is loaded with `async`.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
