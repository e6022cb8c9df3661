// Service tile icons, drawn by scripts/make-icons.mjs. A community's own services, whose codes
// are made up when added, show the generic one.
import counseling from '../../assets/services/counseling.png'
import emergency from '../../assets/services/emergency.png'
import errands from '../../assets/services/errands.png'
import health from '../../assets/services/health.png'
import legal from '../../assets/services/legal.png'
import meals from '../../assets/services/meals.png'
import medical from '../../assets/services/medical.png'
import mobility from '../../assets/services/mobility.png'
import other from '../../assets/services/other.png'
import repair from '../../assets/services/repair.png'

const ICONS: Record<string, string> = { counseling, emergency, errands, health, legal, meals, medical, mobility, other, repair }

export const serviceIcon = (code: string): string => ICONS[code] ?? other
