package main

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// series is one line of a chart panel: (x, y) points.
type series struct {
	name  string
	color string
	pts   [][2]float64
}

type panel struct {
	title string
	unit  string
	lines []series
}

var seriesColors = map[string]string{
	bQuiver: "#1f77b4", bMemstore: "#ff7f0e", bBolt: "#2ca02c", bLevelDB: "#d62728", bPostgres: "#9467bd",
}

// svgChart draws panels side by side, each a log-log line chart of a cost
// against graph size. Hand-written SVG: no scripts, no external resources.
func svgChart(title string, panels []panel) string {
	const pw, ph, ml, mr, mt, mb = 330.0, 260.0, 58.0, 14.0, 50.0, 46.0
	w := ml + float64(len(panels))*(pw+ml+mr)
	h := mt + ph + mb + 40
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif" font-size="11">`+"\n", w, h, w, h)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="%.0f" y="20" font-size="14" font-weight="bold">%s</text>`+"\n", ml, esc(title))
	for i, p := range panels {
		x0 := ml + float64(i)*(pw+ml+mr)
		y0 := mt
		drawPanel(&b, p, x0, y0, pw, ph)
	}
	// Legend.
	names := map[string]string{}
	for _, p := range panels {
		for _, s := range p.lines {
			names[s.name] = s.color
		}
	}
	var keys []string
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	lx := ml
	for _, k := range keys {
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="%s" stroke-width="2.5"/>`, lx, h-18, lx+22, h-18, names[k])
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f">%s</text>`+"\n", lx+27, h-14, esc(k))
		lx += 40 + 7*float64(len(k))
	}
	b.WriteString("</svg>\n")
	return b.String()
}

func drawPanel(b *strings.Builder, p panel, x0, y0, pw, ph float64) {
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, s := range p.lines {
		for _, pt := range s.pts {
			if pt[0] <= 0 || pt[1] <= 0 {
				continue
			}
			xmin, xmax = math.Min(xmin, pt[0]), math.Max(xmax, pt[0])
			ymin, ymax = math.Min(ymin, pt[1]), math.Max(ymax, pt[1])
		}
	}
	fmt.Fprintf(b, `<text x="%.0f" y="%.0f" font-size="12" font-weight="bold">%s</text>`+"\n", x0, y0-10, esc(p.title))
	fmt.Fprintf(b, `<rect x="%.0f" y="%.0f" width="%.0f" height="%.0f" fill="none" stroke="#999"/>`+"\n", x0, y0, pw, ph)
	if math.IsInf(xmin, 1) {
		fmt.Fprintf(b, `<text x="%.0f" y="%.0f">no data</text>`+"\n", x0+pw/2-20, y0+ph/2)
		return
	}
	lx0, lx1 := math.Floor(math.Log10(xmin)), math.Ceil(math.Log10(xmax))
	ly0, ly1 := math.Floor(math.Log10(ymin)), math.Ceil(math.Log10(ymax))
	if lx1 == lx0 {
		lx1++
	}
	if ly1 == ly0 {
		ly1++
	}
	px := func(x float64) float64 { return x0 + (math.Log10(x)-lx0)/(lx1-lx0)*pw }
	py := func(y float64) float64 { return y0 + ph - (math.Log10(y)-ly0)/(ly1-ly0)*ph }
	for e := lx0; e <= lx1; e++ {
		x := px(math.Pow(10, e))
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="#eee"/>`, x, y0, x, y0+ph)
		fmt.Fprintf(b, `<text x="%.1f" y="%.0f" text-anchor="middle">%s</text>`+"\n", x, y0+ph+15, pow10Label(e))
	}
	for e := ly0; e <= ly1; e++ {
		y := py(math.Pow(10, e))
		fmt.Fprintf(b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#eee"/>`, x0, y, x0+pw, y)
		fmt.Fprintf(b, `<text x="%.0f" y="%.1f" text-anchor="end">%s</text>`+"\n", x0-4, y+4, pow10Label(e))
	}
	fmt.Fprintf(b, `<text x="%.0f" y="%.0f" text-anchor="middle">quads (log)</text>`+"\n", x0+pw/2, y0+ph+32)
	fmt.Fprintf(b, `<text x="%.0f" y="%.0f" text-anchor="middle" transform="rotate(-90 %.0f %.0f)">%s (log)</text>`+"\n",
		x0-40, y0+ph/2, x0-40, y0+ph/2, esc(p.unit))
	for _, s := range p.lines {
		var pts []string
		for _, pt := range s.pts {
			if pt[0] > 0 && pt[1] > 0 {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(pt[0]), py(pt[1])))
			}
		}
		if len(pts) > 1 {
			fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"/>`+"\n", strings.Join(pts, " "), s.color)
		}
		for _, pt := range s.pts {
			if pt[0] > 0 && pt[1] > 0 {
				fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s: %s quads, %.3g %s</title></circle>`+"\n",
					px(pt[0]), py(pt[1]), s.color, esc(s.name), fmtInt(int64(pt[0])), pt[1], esc(p.unit))
			}
		}
	}
}

func pow10Label(e float64) string {
	switch {
	case e >= 0 && e <= 3:
		return fmt.Sprintf("%.0f", math.Pow(10, e))
	case e < 0 && e >= -3:
		return strings.TrimRight(fmt.Sprintf("%.3f", math.Pow(10, e)), "0")
	}
	return fmt.Sprintf("1e%.0f", e)
}

func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

func fmtInt(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
