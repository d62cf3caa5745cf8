package ask

import "testing"

func TestRefines(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"2022", "2022-02", true},
		{"2022-02", "2022", true},
		{"2025-04", "2025-04-17", true},
		{"2025-03", "2025-04-17", false},
		{"2022", "2022", true},
		{"2022", "20221", false}, // not at a component boundary
		{"2021-08", "2021-09", false},
		{"Iran", "Iranian", false}, // prefixes refine dates only
		{"Iran", "Iran", true},
	} {
		if got := refines(tt.a, tt.b); got != tt.want {
			t.Errorf("refines(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestValidityOverlaps(t *testing.T) {
	sn := &Snapshot{}
	for _, tt := range []struct {
		name       string
		aFrom, aTo string
		bFrom, bTo string
		want       bool
	}{
		{"both undated", "", "", "", "", true},
		{"undated against a bounded claim", "", "", "", "2025-04-18", true},
		{"before and after", "2025-07", "", "", "2025-04-18", false},
		{"the same month", "2025-04", "", "", "2025-04-18", true},
		{"touching days", "2025-04-18", "", "", "2025-04-18", true},
		{"disjoint intervals", "2020", "2021", "2022", "2023", false},
		{"nested intervals", "2020", "2025", "2022", "2023", true},
	} {
		sn.claims = []claimRec{{validFrom: tt.aFrom, validTo: tt.aTo}, {validFrom: tt.bFrom, validTo: tt.bTo}}
		if got := sn.overlaps(0, 1); got != tt.want {
			t.Errorf("%s: overlaps = %v, want %v", tt.name, got, tt.want)
		}
		if got := sn.overlaps(1, 0); got != tt.want {
			t.Errorf("%s, swapped: overlaps = %v, want %v", tt.name, got, tt.want)
		}
	}
}
