// A zoom-and-pan viewport for one image: the wheel zooms around the pointer, dragging pans,
// + / − zoom around the centre, 0 fits the image to the view, 1 shows it at 100 %.
// "Fit" follows the view's size until the user zooms or pans.
import { ZoomIn, ZoomOut } from 'lucide-react';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import { Button, IconButton } from '../../ui/Button';

interface View {
  scale: number;
  /** Where the image's top-left corner sits in the viewport, in CSS pixels. */
  x: number;
  y: number;
}

export interface ZoomPanHandle {
  zoomBy(factor: number): void;
  fit(): void;
  actual(): void;
  panBy(dx: number, dy: number): void;
  focus(): void;
}

interface ZoomPanProps {
  src: string | null;
  /** The image's real size (the placeholder may be smaller). */
  width: number;
  height: number;
  alt: string;
  /** Shown scaled up while the full image loads. */
  placeholder?: string | null;
  label: string;
}

const MIN_SCALE = 0.02;
const MAX_SCALE = 32;
const PAD = 16;
const STEP = 1.25;

function fitView(box: { w: number; h: number }, iw: number, ih: number): View {
  const scale = Math.max(MIN_SCALE, Math.min((box.w - PAD * 2) / iw, (box.h - PAD * 2) / ih));
  return { scale, x: (box.w - iw * scale) / 2, y: (box.h - ih * scale) / 2 };
}

export const ZoomPan = forwardRef<ZoomPanHandle, ZoomPanProps>(function ZoomPan({ src, width, height, alt, placeholder, label }, ref) {
  const viewport = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState({ w: 0, h: 0 });
  /** null = fit to the viewport. */
  const [view, setView] = useState<View | null>(null);
  const drag = useRef<{ id: number; x: number; y: number } | null>(null);
  const [dragging, setDragging] = useState(false);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const measure = () => setBox({ w: el.clientWidth, h: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const ready = box.w > 0 && box.h > 0 && width > 0 && height > 0;
  const fitted = ready ? fitView(box, width, height) : { scale: 1, x: 0, y: 0 };
  const current = view ?? fitted;
  const currentRef = useRef(current);
  useLayoutEffect(() => {
    currentRef.current = current;
  });

  // Updaters build on the latest view, so several wheel or pointer events between two renders add up.
  const zoomAt = useCallback((factor: number, cx: number, cy: number) => {
    setView((prev) => {
      const v = prev ?? currentRef.current;
      const scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, v.scale * factor));
      const k = scale / v.scale;
      return { scale, x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k };
    });
  }, []);
  const panBy = useCallback((dx: number, dy: number) => {
    setView((prev) => {
      const v = prev ?? currentRef.current;
      return { ...v, x: v.x + dx, y: v.y + dy };
    });
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      zoomBy: (factor) => zoomAt(factor, box.w / 2, box.h / 2),
      fit: () => setView(null),
      actual: () => setView({ scale: 1, x: (box.w - width) / 2, y: (box.h - height) / 2 }),
      panBy,
      focus: () => viewport.current?.focus({ preventScroll: true }),
    }),
    [zoomAt, panBy, box.w, box.h, width, height],
  );

  // The wheel listener must be non-passive to keep the page from scrolling.
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      zoomAt(Math.exp(-delta * 0.0015), e.clientX - rect.left, e.clientY - rect.top);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoomAt]);

  const percent = Math.round(current.scale * 100);
  const shown = src ?? placeholder ?? null;
  return (
    <div className="img-stage-wrap">
      <div
        ref={viewport}
        className={dragging ? 'img-stage img-stage-dragging' : 'img-stage'}
        tabIndex={0}
        role="img"
        aria-label={`${label}. Zoom ${percent} percent. Plus and minus zoom, 0 fits, 1 shows actual size, drag or Shift+arrows to pan.`}
        data-testid="image-canvas"
        data-zoom={current.scale.toFixed(3)}
        data-fit={view === null || undefined}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { id: e.pointerId, x: e.clientX, y: e.clientY };
          setDragging(true);
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d || d.id !== e.pointerId) return;
          panBy(e.clientX - d.x, e.clientY - d.y);
          drag.current = { id: d.id, x: e.clientX, y: e.clientY };
        }}
        onPointerUp={(e) => {
          if (drag.current?.id === e.pointerId) drag.current = null;
          setDragging(false);
        }}
        onPointerCancel={() => {
          drag.current = null;
          setDragging(false);
        }}
        onDoubleClick={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          if (view === null) zoomAt(Math.max(2, 1 / current.scale), e.clientX - rect.left, e.clientY - rect.top);
          else setView(null);
        }}
      >
        {ready && shown && (
          <img
            src={shown}
            alt={alt}
            draggable={false}
            className={current.scale >= 2 ? 'img-stage-image img-pixelated' : 'img-stage-image'}
            data-testid="image-canvas-img"
            data-full={src !== null || undefined}
            style={{ width, height, transform: `translate(${current.x}px, ${current.y}px) scale(${current.scale})` }}
          />
        )}
      </div>
      <div className="img-zoom-bar" role="toolbar" aria-label="Zoom">
        <IconButton small label="Zoom out (−)" icon={<ZoomOut size={14} />} onClick={() => zoomAt(1 / STEP, box.w / 2, box.h / 2)} data-testid="image-zoom-out" />
        <span className="img-zoom-level" data-testid="image-zoom-level" aria-live="polite">
          {percent}%
        </span>
        <IconButton small label="Zoom in (+)" icon={<ZoomIn size={14} />} onClick={() => zoomAt(STEP, box.w / 2, box.h / 2)} data-testid="image-zoom-in" />
        <Button small variant="ghost" title="Fit to view (0)" aria-pressed={view === null} onClick={() => setView(null)} data-testid="image-zoom-fit">
          Fit
        </Button>
        <Button
          small
          variant="ghost"
          title="Actual size, 100% (1)"
          onClick={() => setView({ scale: 1, x: (box.w - width) / 2, y: (box.h - height) / 2 })}
          data-testid="image-zoom-actual"
        >
          1:1
        </Button>
      </div>
    </div>
  );
});
