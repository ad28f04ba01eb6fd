// Visit check-in: the phone's position is read once, only after the rep ticks the consent,
// into the form's hidden fields; unticking clears it. Nothing is read otherwise.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    const fieldset = document.querySelector("fieldset.check-in");
    if (!fieldset) return;
    const consent = fieldset.querySelector("input[name=check_in_consent]");
    const status = fieldset.querySelector("#check-in-status");
    const field = (name) => fieldset.querySelector("input[name=" + name + "]");
    const clear = () => ["latitude", "longitude", "accuracy"].forEach((name) => { field(name).value = ""; });

    consent.addEventListener("change", function () {
      clear();
      status.textContent = "";
      if (!consent.checked) return;
      if (!("geolocation" in navigator)) {
        status.textContent = fieldset.dataset.failed;
        return;
      }
      status.textContent = fieldset.dataset.locating;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          if (!consent.checked) return; // unticked while the phone was looking
          field("latitude").value = position.coords.latitude;
          field("longitude").value = position.coords.longitude;
          field("accuracy").value = Math.round(position.coords.accuracy);
          status.textContent = fieldset.dataset.located + " " + Math.round(position.coords.accuracy);
        },
        function () { status.textContent = fieldset.dataset.failed; },
        { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 },
      );
    });
  });
})();
