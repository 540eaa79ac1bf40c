import { StaffAppsSection } from "./staff-apps-section";

/** The signed-in tenant's staff apps. */
export function StaffAppsPage() {
  return (
    <>
      <h1>Staff apps</h1>
      <StaffAppsSection />
    </>
  );
}
