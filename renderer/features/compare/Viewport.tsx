// A zoomed and panned frame; every pane of the image compare shares one view, so they move together.
import { useEffect, useRef, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';

export interface ViewState {
  zoom: number;
  x: number;
  y: number;
}
export const FIT: ViewState = { zoom: 1, x: 0, y: 0 };
export const clampZoom = (z: number) => Math.min(16, Math.max(0.25, z));

export function Viewport({
  view,
  onView,
  children,
  testId,
  position,
}: {
  view: ViewState;
  onView(update: (v: ViewState) => ViewState): void;
  children: ReactNode;
  testId?: string;
  position?: number;
}) {
  const drag = useRef<{ x: number; y: number } | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const onViewRef = useRef(onView);
  useEffect(() => {
    onViewRef.current = onView;
  });
  // A native, non-passive listener: the wheel zooms the panes instead of scrolling the page.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    function onWheel(e: WheelEvent) {
      e.preventDefault();
      const rect = el!.getBoundingClientRect();
      const cx = e.clientX - rect.left - rect.width / 2;
      const cy = e.clientY - rect.top - rect.height / 2;
      const f = e.deltaY < 0 ? 1.15 : 1 / 1.15;
      onViewRef.current((v) => {
        const zoom = clampZoom(v.zoom * f);
        const k = zoom / v.zoom;
        // Keep the point under the cursor where it is.
        return { zoom, x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k };
      });
    }
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);
  function onPointerDown(e: ReactPointerEvent<HTMLDivElement>) {
    if ((e.target as HTMLElement).closest('input')) return;
    drag.current = { x: e.clientX, y: e.clientY };
    e.currentTarget.setPointerCapture(e.pointerId);
  }
  function onPointerMove(e: ReactPointerEvent<HTMLDivElement>) {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    drag.current = { x: e.clientX, y: e.clientY };
    onView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
  }
  return (
    <div
      ref={ref}
      className="cmp-viewport"
      data-testid={testId}
      data-position={position}
      data-zoom={view.zoom.toFixed(3)}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
      onDoubleClick={() => onView(() => FIT)}
    >
      <div className="cmp-stage" style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.zoom})` }}>
        {children}
      </div>
    </div>
  );
}
